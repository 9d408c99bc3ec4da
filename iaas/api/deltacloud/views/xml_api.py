"""XML of the entry point, the drivers and the instance states."""

from iaas.api.deltacloud import session as session_mod
from iaas.api.deltacloud import xmlutil as x


def api(entries, view):
    root = x.element('api', driver=view.driver_name, provider=view.provider or '',
                     version=session_mod.API_VERSION)
    for rel, features in entries:
        link = x.sub(root, 'link', href=view.hrefs.collection(rel), rel=rel)
        for feature in features:
            node = x.sub(link, 'feature', name=feature.name, rel=feature.operation)
            for param in feature.params:
                x.sub(node, 'param', name=param)
    return root


def _driver(parent, info, view, entrypoints):
    attrs = {'href': view.hrefs.member('drivers', info.id), 'id': info.id}
    node = x.element('driver', **attrs) if parent is None else x.sub(parent, 'driver', **attrs)
    x.sub(node, 'name', info.name)
    for provider in info.providers:
        provider_node = x.sub(node, 'provider', id=provider.id)
        if entrypoints and provider.url:
            x.sub(provider_node, 'entrypoint', cdata_text=provider.url, kind=info.id)
    return node


def drivers(infos, view):
    root = x.element('drivers')
    for info in infos:
        _driver(root, info, view, entrypoints=False)
    return root


def driver(info, view):
    return _driver(None, info, view, entrypoints=True)


def instance_states(machine, view):
    root = x.element('states')
    for state in machine.states:
        node = x.sub(root, 'state', name=state.lower())
        for transition in machine.transitions(state):
            if transition.automatic:
                x.sub(node, 'transition', auto='true', to=transition.to.lower())
            else:
                x.sub(node, 'transition', action=transition.action, to=transition.to.lower())
    return root


RENDERERS = {
    'api': api, 'drivers': drivers, 'driver': driver, 'instance_states': instance_states,
}
