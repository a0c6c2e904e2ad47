#!/bin/sh
# `make up` and `make down`: docker compose with the arguments given, or, when Docker, its compose
# plugin or its daemon is missing, a sentence saying which and how to get it.
set -eu
target=${1:-up}

missing() {
    printf 'make %s needs Docker with the compose plugin: %s\n' "$target" "$1" >&2
    exit 1
}

if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
    set -- docker compose "$@"
elif command -v docker-compose >/dev/null 2>&1 && docker-compose version >/dev/null 2>&1; then
    set -- docker-compose "$@"
elif command -v docker >/dev/null 2>&1; then
    missing "docker is installed but 'docker compose' is not (install the compose plugin: the package docker-compose-plugin from Docker's repository, or docker-compose from Debian's), then run it again."
else
    missing "docker is not installed (install Docker Engine and its compose plugin, e.g. the packages docker.io and docker-compose on Debian), then run it again."
fi

if command -v docker >/dev/null 2>&1 && ! docker info >/dev/null 2>&1; then
    missing "the Docker daemon does not answer (is it running, and may this user use it? try 'docker info')."
fi

exec "$@"
