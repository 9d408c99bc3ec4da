"""The Deltacloud reference responses in ``reference/``, parsed for comparisons with ours."""

import ast
import dataclasses
import functools
import json
import pathlib
import re

DIRECTORY = pathlib.Path(__file__).parent / 'reference'
LIVE_FILES = ('live-responses-1.1.3-part1.txt', 'live-responses-1.1.3-part2.txt')
RECORDED_FILE = 'recorded-responses-1.1.1.txt'
LIVE_BASE = 'http://127.0.0.1:3001'
RECORDED_BASE = 'http://localhost:3001'


@dataclasses.dataclass
class Response:
    title: str
    status: int
    headers: dict       # lower-case names
    body: str

    def json(self):
        return json.loads(self.body)


def _parse_live_section(title, text):
    head, _, body = text.strip('\n').partition('\n\n')
    lines = head.split('\n')
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(':')
        headers[name.strip().lower()] = value.strip()
    return Response(title, status, headers, body.strip('\n'))


@functools.lru_cache(maxsize=None)
def live_responses():
    """``{title: Response}`` of the 1.1.3 server (title as after ``################``)."""
    found = {}
    for name in LIVE_FILES:
        parts = re.split(r'(?m)^################ (.*)$', (DIRECTORY / name).read_text())
        for title, text in zip(parts[1::2], parts[2::2]):
            # part2 reran some part1 requests that had failed: the later answer wins.
            found[title.strip()] = _parse_live_section(title.strip(), text)
    return found


def live(title):
    return live_responses()[title]


@functools.lru_cache(maxsize=None)
def recorded_responses():
    """``[Response]`` of the 1.1.1 recordings; title is ``METHOD URL``."""
    text = (DIRECTORY / RECORDED_FILE).read_text()
    parts = re.split(r'(?m)^########## (.*)$', text)
    found = []
    for title, section in zip(parts[1::2], parts[2::2]):
        method, url, _, _, status = title.split()[:5]
        header_line, _, body = section.strip('\n').partition('\n')
        headers = {k.lower(): v[0] for k, v in ast.literal_eval(header_line).items()}
        found.append(Response('%s %s' % (method, url), int(status), headers, body.strip()))
    return found


def recorded(method, path):
    """The 1.1.1 response to ``METHOD http://localhost:3001<path>``."""
    wanted = '%s %s%s' % (method, RECORDED_BASE, path)
    for response in recorded_responses():
        if response.title == wanted:
            return response
    raise KeyError(wanted)


def rebase(value, base):
    """``value`` with the reference server's address replaced by ``base`` everywhere."""
    if isinstance(value, str):
        return value.replace(LIVE_BASE, base).replace(RECORDED_BASE, base)
    if isinstance(value, list):
        return [rebase(v, base) for v in value]
    if isinstance(value, dict):
        return {k: rebase(v, base) for k, v in value.items()}
    return value
