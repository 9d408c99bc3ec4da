"""Blobs inside buckets: upload by form or PUT, content, metadata by HEAD and POST."""

import re

from iaas.api.deltacloud import forms
from iaas.api.deltacloud import params as params_mod
from iaas.api.deltacloud import render
from iaas.api.deltacloud.resources import base
from iaas.api.deltacloud.views import links
from iaas import collections
from iaas import errors

BLOBS = collections.COLLECTIONS['blobs']
META_HEADER = 'X-Deltacloud-Blobmeta-'
# JSON inlines a blob's content as Deltacloud did, but only for small ones.
MAX_INLINE_CONTENT = 64 * 1024
_TOKEN = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")


def _meta_headers(resp, metadata):
    for key, value in metadata.items():
        if _TOKEN.match(str(key)):
            resp.set_header(META_HEADER + str(key).capitalize(),
                            re.sub(r'[\r\n]+', ' ', str(value)))


def _inline(data):
    return data if data is not None and len(data) <= MAX_INLINE_CONTENT else None


def _created(req, resp, blob, status, data):
    href = links.Hrefs(req.prefix).blob(blob.bucket_id, blob.id)
    render.show(req, resp, 'blob', blob, status=status, content=_inline(data),
                location=href if status == 201 else None)


class BucketResource(base.DestroyableMemberResource):
    """A bucket: show, destroy, and ``POST`` of a blob as a (multipart) form."""

    def __init__(self):
        super().__init__('buckets')

    def on_post(self, req, resp, object_id):
        session = req.context.session
        session.require(BLOBS, 'create')
        params = req.context.params
        blob_id = params.required('blob_id')
        upload = params.uploads.get('blob_data')
        if upload is not None:
            data, content_type = upload.data, upload.content_type
        else:
            data = params.required('blob_data').encode('utf-8')
            content_type = params.get('content_type')
        blob = session.call(BLOBS, 'create', object_id, blob_id, data,
                            content_type=content_type or 'application/octet-stream',
                            user_metadata=forms.blob_metadata(params))
        _created(req, resp, blob, 201, data)


class BlobResource:
    """``/api/buckets/<bucket>/<blob>``: GET, HEAD (metadata), PUT (upload), POST, DELETE.

    ``object_id`` is the bucket: falcon wants one field name per path position.
    """

    def __init__(self, conf):
        self.conf = conf

    def on_get(self, req, resp, object_id, blob_id):
        session = req.context.session
        blob = session.call(BLOBS, 'show', object_id, blob_id)
        content = None
        if (req.context.format == 'json' and session.supports('blobs.content')
                and (blob.content_length or 0) <= MAX_INLINE_CONTENT):
            content = _inline(session.call(BLOBS, 'content', object_id, blob_id))
        render.show(req, resp, 'blob', blob, content=content)

    def on_head(self, req, resp, object_id, blob_id):
        blob = req.context.session.call(BLOBS, 'show', object_id, blob_id)
        _meta_headers(resp, blob.user_metadata)
        render.empty(req, resp, 204, content_type=False)

    def on_put(self, req, resp, object_id, blob_id):
        session = req.context.session
        session.require(BLOBS, 'create')
        data = params_mod.read_body(req, self.conf.api.max_request_body_size)
        blob = session.call(BLOBS, 'create', object_id, blob_id, data,
                            content_type=req.content_type or 'application/octet-stream',
                            user_metadata=forms.blob_metadata_from_headers(req.headers))
        _created(req, resp, blob, 200, data)

    def on_post(self, req, resp, object_id, blob_id):
        session = req.context.session
        session.require(BLOBS, 'update_metadata')
        metadata = forms.blob_metadata_from_headers(req.headers)
        if not metadata:
            raise errors.ValidationError('No X-Deltacloud-Blobmeta-* headers given')
        session.call(BLOBS, 'update_metadata', object_id, blob_id, metadata)
        _meta_headers(resp, metadata)
        render.empty(req, resp, 204, content_type=False)

    def on_delete(self, req, resp, object_id, blob_id):
        req.context.session.call(BLOBS, 'destroy', object_id, blob_id)
        render.empty(req, resp, 204, content_type=False)


class BlobContentResource:
    """The blob's bytes with its own content type, whatever the client's Accept says."""

    negotiates = False

    def on_get(self, req, resp, object_id, blob_id):
        session = req.context.session
        blob = session.call(BLOBS, 'show', object_id, blob_id)
        resp.data = bytes(session.call(BLOBS, 'content', object_id, blob_id))
        resp.content_type = blob.content_type or 'application/octet-stream'
        resp.set_header('Content-Disposition', 'attachment; filename="%s"'
                        % re.sub(r'[^\w.-]', '_', blob.id))
