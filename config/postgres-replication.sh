#!/bin/sh
# Run once by the postgres image when it creates the primary (docker-compose.yml): the replica
# connects for replication with the same password as the portal.
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
