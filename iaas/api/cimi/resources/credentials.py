"""``/cimi/credentials``: the driver's keys as Credentials; CredentialCreate imports or makes one.

A CredentialCreate names the key (``name``, required: keys are known by name) and holds a
``credentialTemplate``; its ``publicKey`` (or ``key``) is imported, and without one the driver
generates the key pair and the answer carries the private key once, as ``key``.
"""

from iaas.api.cimi import body
from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas import errors

KEYS = kinds.driver_collection('keys')
_EXTENSION = 'http://cloud-broker/cimi/Credential/'


class Credentials(kinds.DriverKind):
    type_name = 'Credential'
    segment = 'credentials'
    entry_key = 'credentials'
    requires = ('keys.index',)
    creatable = True
    deletable = True
    create_types = ('CredentialCreate',)
    collection = KEYS

    def document(self, ctx, key, stored):
        doc = self.start_document(ctx, key.id, name=key.id)
        if key.fingerprint:
            doc['properties'] = {'fingerprint': key.fingerprint}
        if key.credential_type == 'password':
            doc['userName'] = key.username
            doc['password'] = key.password
        else:
            doc['publicKey'] = key.public_key
            doc['key'] = key.pem_rsa_key
        return documents.finish(doc, self.delete_operations(ctx, key.id))

    def create(self, ctx, doc):
        name = body.text(doc, 'name', required=True)
        template = doc.get('credentialTemplate')
        if template == '':  # <credentialTemplate/>: an XML template with nothing to say
            template = {}
        if not isinstance(template, dict):
            raise errors.MissingParameter("'credentialTemplate' is required")
        public_key = body.text(template, 'publicKey') or body.text(template, 'key')
        key = ctx.session.call(KEYS, 'create', name=name, public_key=public_key)
        return self.document(ctx, key, {})

    def attributes(self, ctx):
        return [{'name': name, 'namespace': _EXTENSION + name, 'type': 'string',
                 'required': False} for name in ('publicKey', 'key', 'userName', 'password')]


KIND = Credentials()
