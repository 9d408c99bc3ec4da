"""JSON of the entry point, the drivers and the instance states."""

from iaas.api.deltacloud import session as session_mod


def _feature(feature):
    return [{'name': feature.name, 'rel': feature.operation,
             'params': ['%s:string:optional' % p for p in feature.params], 'constraints': {}}]


def api(entries, view):
    """``entries``: ``[(rel, [Feature, ...])]`` in the order to show."""
    return {'api': {
        'version': session_mod.API_VERSION, 'driver': view.driver_name,
        'provider': view.provider,
        'links': [{'rel': rel, 'href': view.hrefs.collection(rel),
                   'features': [_feature(f) for f in features]} for rel, features in entries],
    }}


def _driver(info):
    # Deltacloud's drivers.yaml shape: endpoints by kind, then by provider (region).
    body = {'name': info.name}
    endpoints = {p.id: p.url for p in info.providers if p.url}
    if endpoints:
        body['entrypoints'] = {info.id: endpoints}
    return body


def drivers(infos, view):
    # The index shows names only, as Deltacloud did; providers are in each driver's document.
    return {info.id: {'name': info.name} for info in infos}


def driver(info, view):
    return {'driver': dict(_driver(info), id=info.id)}


def _transition(transition):
    if transition.automatic:
        return {'to': transition.to.lower(), 'auto': 'true'}
    return {'to': transition.to.lower(), 'action': transition.action}


def instance_states(machine, view):
    return [{'name': state.lower(),
             'transitions': [_transition(t) for t in machine.transitions(state)]}
            for state in machine.states]


RENDERERS = {
    'api': api, 'drivers': drivers, 'driver': driver, 'instance_states': instance_states,
}
