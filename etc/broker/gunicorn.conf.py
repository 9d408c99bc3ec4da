"""gunicorn settings for serving ``iaas.api.wsgi:application`` without ``broker-api``."""

from iaas.cmd import api

api.use_deltacloud_server_header()

bind = '127.0.0.1:3001'
workers = 2
worker_class = 'sync'
timeout = 120
accesslog = '-'
proc_name = 'broker-api'
