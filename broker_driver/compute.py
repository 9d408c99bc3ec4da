"""Realms (pools), hardware profiles, images and instances of the broker driver."""

import logging
import os
import threading

from broker_core.catalog import hardware_profiles
from broker_core.catalog import images
from broker_core.catalog import keys
from broker_core import context as broker_context_mod
from broker_core import errors as broker_errors
from broker_core import instances
from broker_core import pools
from broker_driver import launch
from broker_driver import logical
from broker_driver import reconciler
from broker_driver import saga
from broker_driver import views
from iaas import driver as driver_mod
from iaas import errors

LOG = logging.getLogger(__name__)

# Processes that reconciled at start-up: once per process, whatever drivers it builds.
_RECONCILED_PIDS = set()
_RECONCILE_LOCK = threading.Lock()


class ComputeMixin(logical.LogicalMixin):
    """realms.*, hardware_profiles.*, images.* and instances.*; launches run the saga."""

    state_machine = views.STATE_MACHINE

    def __init__(self, conf, provider=None):
        super().__init__(conf, provider)
        if conf.broker_driver.reconcile_on_start:
            with _RECONCILE_LOCK:
                first = os.getpid() not in _RECONCILED_PIDS
                _RECONCILED_PIDS.add(os.getpid())
            if first:
                self.reconcile_on_start()

    def reconcile(self, grace_seconds=None, now=None):
        """Repair interrupted launches (see :mod:`broker_driver.reconciler`); call it often."""
        return reconciler.reconcile(self, grace_seconds=grace_seconds, now=now)

    def reconcile_on_start(self):
        """One reconciliation when the driver starts; a failure is logged, never fatal."""
        try:
            self.reconcile()
        except Exception:  # noqa: B902 - a broken DB must not stop the driver from loading
            LOG.exception('Reconciling interrupted launches at start-up failed')

    # -- catalogs -------------------------------------------------------------------------

    def list_realms(self, context, **filters):
        """The pools the caller may launch in."""
        bctx = self.broker_context(context)
        return driver_mod.apply_filters(
            [views.realm(pool) for pool in launch.usable_pools(bctx)], **filters)

    def _profiles(self, bctx):
        return [views.hardware_profile(row)
                for row in hardware_profiles.list_hardware_profiles(bctx)]

    def list_hardware_profiles(self, context, **filters):
        """The broker's hardware profiles; no credentials needed, as in Deltacloud."""
        anonymous = broker_context_mod.RequestContext(request_id=context.request_id)
        profiles = self._profiles(anonymous)
        architecture = filters.pop('architecture', None)
        if architecture:
            profiles = [p for p in profiles if 'architecture' in p.properties
                        and p.properties['architecture'].accepts(architecture)]
        return driver_mod.apply_filters(profiles, **filters)

    def list_images(self, context, **filters):
        """The public images and the caller's own; ``owner_id=self`` keeps the caller's."""
        bctx = self.broker_context(context)
        if filters.get('owner_id') == 'self':
            filters = dict(filters, owner_id=bctx.user_name)
        profiles = self._profiles(bctx)
        found = [views.image(row, bctx.user_name, profiles)
                 for row in images.list_images(bctx, owner_id=bctx.user_id)
                 if row['owner_id'] in (None, bctx.user_id)]
        return driver_mod.apply_filters(found, **filters)

    # -- instances ------------------------------------------------------------------------

    def _renderer(self, bctx):
        """A function rendering instance records of the caller."""
        pool_names = {pool['id']: pool['name'] for pool in pools.list_pools(bctx)}
        profiles = {row['id']: views.hardware_profile(row)
                    for row in hardware_profiles.list_hardware_profiles(bctx)}
        key_names = {key['id']: key['name']
                     for key in keys.list_keys(bctx, owner_id=bctx.user_id)}
        return lambda row: views.instance(row, bctx.user_name, pool_names, profiles, key_names)

    def list_instances(self, context, **filters):
        """The caller's live instances, as the broker recorded them."""
        bctx = self.broker_context(context)
        found = instances.list_instances(bctx, owner_id=bctx.user_id,
                                         view=self._renderer(bctx))
        return driver_mod.apply_filters(found, **filters)

    def get_instance(self, context, instance_id):
        """One of the caller's instances; one in transition is asked about at its provider."""
        bctx = self.broker_context(context)
        row = self.owned_instance(bctx, instance_id)
        if row['state'] in views.TRANSITIONAL and row['provider_instance_id']:
            row = self.refresh(bctx, row)
        return self._renderer(bctx)(row)

    def owned_instance(self, bctx, instance_id):
        """The caller's live instance record; NotFound for anyone else's, whatever the roles."""
        try:
            row = instances.get(bctx, instance_id)
        except broker_errors.ObjectNotFound:
            row = None
        if row is None or row['owner_id'] != bctx.user_id:
            raise errors.NotFound("Instance '%s' not found" % instance_id)
        return row

    def refresh(self, bctx, row):
        """The record updated with what its provider says now (the record as is if it cannot)."""
        try:
            found = self.account_call(bctx, row['account_id'], 'get_instance',
                                      row['provider_instance_id'])
        except errors.IaasError as exc:
            LOG.info('Cannot refresh instance %s: %s', row['id'], exc.message)
            return row
        return self.record_state(bctx, row, found)

    def record_state(self, bctx, row, found):
        """The record with the state and addresses of ``found``, the provider's instance."""
        values = saga.placement_values(found)
        unchanged = all(values[field] == row[field] for field in
                        ('state', 'provider_state', 'public_addresses', 'private_addresses'))
        if unchanged:
            return row
        return instances.update_state(bctx, row['id'], values['state'],
                                      provider_state=values['provider_state'],
                                      public_addresses=values['public_addresses'],
                                      private_addresses=values['private_addresses'])

    def create_instance(self, context, spec):
        """Launch through the saga (see :mod:`broker_driver.saga`)."""
        bctx = self.broker_context(context)
        row = saga.run(self, bctx, spec)
        return [self._renderer(bctx)(row)]

    # -- actions --------------------------------------------------------------------------

    def _act(self, context, instance_id, action):
        """Check the broker's state machine, let the owning account act, record the outcome."""
        bctx = self.broker_context(context)
        row = self.owned_instance(bctx, instance_id)
        if row['state'] in views.TRANSITIONAL and row['provider_instance_id']:
            row = self.refresh(bctx, row)
        self.state_machine.check(row['state'], action)
        if row['provider_instance_id'] is None:
            # A launch that never reached a provider: only destroy is allowed (ERROR).
            return self._forget(bctx, row)
        try:
            found = self.account_call(bctx, row['account_id'], action + '_instance',
                                      row['provider_instance_id'])
        except errors.NotFound:
            if action != 'destroy':
                raise
            LOG.info('Instance %s was gone from its provider already', row['id'])
            found = None
        if action == 'destroy':
            return self._forget(bctx, row)
        if found is None:
            found = self.account_call(bctx, row['account_id'], 'get_instance',
                                      row['provider_instance_id'])
        return self._renderer(bctx)(self.record_state(bctx, row, found))

    def _forget(self, bctx, row):
        """Close the record of an instance gone at its provider (it lets go what it held)."""
        instances.mark_deleted(bctx, row['id'])
        return None

    def start_instance(self, context, instance_id):
        return self._act(context, instance_id, 'start')

    def stop_instance(self, context, instance_id):
        return self._act(context, instance_id, 'stop')

    def reboot_instance(self, context, instance_id):
        return self._act(context, instance_id, 'reboot')

    def destroy_instance(self, context, instance_id):
        self._act(context, instance_id, 'destroy')
        return None
