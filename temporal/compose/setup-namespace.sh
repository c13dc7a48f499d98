#!/bin/sh
# Creates the namespace and Weft's search attributes (the same ones temporal/search-attributes.json gives the dev server).
set -eu
ns="${TEMPORAL_NAMESPACE:-default}"
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do echo "waiting for Temporal"; sleep 1; done
temporal operator namespace describe --address "$TEMPORAL_ADDRESS" -n "$ns" >/dev/null 2>&1 ||
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" -n "$ns" --retention 7d
# One at a time: a stack set up before an attribute was added gets the new one; existing ones are left alone. A
# namespace just created may not be known to every part of the server yet: retry until the attribute is listed.
for attribute in FlowId:Keyword FlowVersion:Int FlowStatus:Keyword BusinessKey:Keyword RerunOf:Keyword; do
  name="${attribute%%:*}"
  tries=0
  until temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" -n "$ns" | grep -q "^ *$name "; do
    tries=$((tries + 1))
    [ "$tries" -le 60 ] || { echo "could not register search attribute $name" >&2; exit 1; }
    temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" -n "$ns" \
      --name "$name" --type "${attribute#*:}" >/dev/null 2>&1 || sleep 1
  done
done
