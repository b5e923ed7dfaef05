#!/usr/bin/env bash
# Prints the claim statement of PostgresExecutionClaims (CLAIM_SQL) with its parameters bound as the
# dispatcher binds them (64 candidates, 16 claims, lease owner 'bench', 60 s lease), for EXPLAIN in
# the benches. Run from the repository's root.
set -euo pipefail
CLAIM=$(sed -n '/static final String CLAIM_SQL = """/,/""".formatted/p' \
          adapters-persistence/src/main/java/io/ruleworks/adapter/out/persistence/queue/PostgresExecutionClaims.java \
        | sed '1d;$s/""".formatted.*//')
COLUMNS=$(sed -n '/static final String COLUMNS = /,/;$/p' \
            adapters-persistence/src/main/java/io/ruleworks/adapter/out/persistence/execution/ExecutionRows.java \
          | grep -o '"[^"]*"' | tr -d '"' | tr -d '\n')
RETURNED=$(sed 's/[a-z_][a-z_]*/e.&/g' <<<"$COLUMNS"); QUALIFIED=$(sed 's/[a-z_][a-z_]*/c.&/g' <<<"$COLUMNS")
CLAIM=$(awk -v r="$RETURNED" -v q="$QUALIFIED" 'BEGIN{n=0} { while ((i = index($0, "%s")) > 0) { n++; $0 = substr($0, 1, i-1) (n==1 ? r : q) substr($0, i+2) } print }' <<<"$CLAIM")
awk 'BEGIN{split("64 16 '"'"'bench'"'"' 60", v, " "); n=0} { out=""; while ((i = index($0, "?")) > 0) { n++; out = out substr($0, 1, i-1) v[n]; $0 = substr($0, i+1) } print out $0 }' <<<"$CLAIM"
