#!/bin/sh
# Creates the platform's Kafka topics; safe to run again (--if-not-exists). The services
# never create topics in production, so this runs before them: as the `kafka-init`
# one-shot in deploy/compose.yaml and as the `kafka-topic-init` Job in k8s/.
# Runs in the apache/kafka image (Kafka CLI under /opt/kafka/bin).
#
# Environment (connection variables mean the same as for the services):
#   KAFKA_BROKERS             comma list host:port                      (required)
#   KAFKA_SSL                 true|false                                 (false)
#   KAFKA_SSL_CA_FILE         PEM of the CA that signed the brokers'     (unset: the JVM's trust store)
#                             certificates, trusted alone; needs KAFKA_SSL=true, as the services do
#   KAFKA_SASL_MECHANISM      plain|scram-sha-256|scram-sha-512          (unset: no SASL)
#   KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD
#   KAFKA_SASL_USERNAME_FILE, KAFKA_SASL_PASSWORD_FILE  the same from files (a cell's mounted Secret);
#                             a variable and its _FILE together are refused, as the services refuse them
#   TOPIC_PARTITIONS          partitions of each topic                   (8)
#   DLQ_PARTITIONS            partitions of each <topic>.dlq             (1)
#   TOPIC_REPLICATION_FACTOR  replicas of every topic                    (1; use 3 in production)
#   DLQ_RETENTION_MS          retention of the dead-letter topics        (1209600000 = 14 days)
#   WAIT_SECONDS              how long to wait for the brokers           (180)
#   TENANT_ID                 the cell's shop; its topics are            (default: no prefix)
#                             <TENANT_ID>.<topic>, as the services name them (libs/config/src/tenancy.ts)
set -eu

TENANT_ID=${TENANT_ID:-default}
if [ ${#TENANT_ID} -gt 30 ] || ! printf '%s' "$TENANT_ID" | grep -Eq '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'; then
  echo "topic-init: TENANT_ID must be a lower-case slug such as shop-a (got '$TENANT_ID')" >&2
  exit 2
fi
prefix=""
if [ "$TENANT_ID" != default ]; then prefix="$TENANT_ID."; fi

# Every topic of the platform's registry (libs/contracts/src/topics.ts); each also gets
# a dead-letter topic <topic>.dlq.
TOPICS="events.raw.v1 events.clean.v1 texts.clean.v1 features.updated.v1 recs.served.v1 training.requested.v1 models.published.v1 models.decisions.v1 embeddings.updated.v1 forecasts.updated.v1 privacy.forget.v1"

COMPACTED_TOPICS="catalog.items.v1"

KAFKA_BIN=${KAFKA_BIN:-/opt/kafka/bin}
: "${KAFKA_BROKERS:?KAFKA_BROKERS must be set (comma list of host:port)}"
PARTITIONS=${TOPIC_PARTITIONS:-8}
DLQ_PARTITIONS=${DLQ_PARTITIONS:-1}
REPLICATION=${TOPIC_REPLICATION_FACTOR:-1}
DLQ_RETENTION_MS=${DLQ_RETENTION_MS:-1209600000}
WAIT_SECONDS=${WAIT_SECONDS:-180}

# Client settings for the Kafka CLI, written to a file under $TMPDIR (a writable emptyDir
# when the root filesystem is read-only).
props="${TMPDIR:-/tmp}/kafka-topic-init.properties"
umask 077
: >"$props"

# KAFKA_SASL_X_FILE=/path sets KAFKA_SASL_X to the file's text (libs/config/src/secret-files.ts).
secret_from_file() { # variable name
  eval "file=\${${1}_FILE:-}"
  [ -n "$file" ] || return 0
  if eval "[ -n \"\${${1}+set}\" ]"; then
    echo "topic-init: set $1 or ${1}_FILE, not both" >&2
    exit 2
  fi
  if ! [ -r "$file" ]; then
    echo "topic-init: ${1}_FILE: cannot read $file" >&2
    exit 2
  fi
  eval "$1=\$(cat \"\$file\")"
}
secret_from_file KAFKA_SASL_USERNAME
secret_from_file KAFKA_SASL_PASSWORD

ssl=false
case "${KAFKA_SSL:-false}" in true | 1 | yes) ssl=true ;; esac
ca_file=${KAFKA_SSL_CA_FILE:-}
if [ -n "$ca_file" ]; then
  if [ "$ssl" != true ]; then
    echo "topic-init: KAFKA_SSL must be true when KAFKA_SSL_CA_FILE is set" >&2
    exit 2
  fi
  if ! [ -r "$ca_file" ]; then
    echo "topic-init: KAFKA_SSL_CA_FILE: cannot read $ca_file" >&2
    exit 2
  fi
fi
mechanism=${KAFKA_SASL_MECHANISM:-}
if [ -n "$mechanism" ]; then
  if [ "$ssl" = true ]; then protocol=SASL_SSL; else protocol=SASL_PLAINTEXT; fi
  # Credentials go into a double-quoted JAAS string inside a .properties file: escape
  # backslashes and quotes for JAAS, then every backslash again for the properties format.
  escape() { printf '%s' "$1" | sed 's/[\\"]/\\&/g; s/\\/\\\\/g'; }
  user=$(escape "${KAFKA_SASL_USERNAME:-}")
  pass=$(escape "${KAFKA_SASL_PASSWORD:-}")
  case "$mechanism" in
    plain) sasl=PLAIN module=org.apache.kafka.common.security.plain.PlainLoginModule ;;
    scram-sha-256) sasl=SCRAM-SHA-256 module=org.apache.kafka.common.security.scram.ScramLoginModule ;;
    scram-sha-512) sasl=SCRAM-SHA-512 module=org.apache.kafka.common.security.scram.ScramLoginModule ;;
    *)
      echo "topic-init: KAFKA_SASL_MECHANISM must be plain, scram-sha-256 or scram-sha-512 (got '$mechanism')" >&2
      exit 2
      ;;
  esac
  {
    echo "security.protocol=$protocol"
    echo "sasl.mechanism=$sasl"
    # printf, not echo: dash's echo would eat the backslashes.
    printf 'sasl.jaas.config=%s required username="%s" password="%s";\n' "$module" "$user" "$pass"
  } >>"$props"
elif [ "$ssl" = true ]; then
  echo "security.protocol=SSL" >>"$props"
fi
# A PEM trust store (Kafka 2.7+); a properties value keeps a backslash only when doubled.
if [ -n "$ca_file" ]; then
  {
    echo "ssl.truststore.type=PEM"
    printf 'ssl.truststore.location=%s\n' "$(printf '%s' "$ca_file" | sed 's/\\/\\\\/g')"
  } >>"$props"
fi

kafka_topics() {
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BROKERS" --command-config "$props" "$@"
}

echo "topic-init: waiting for Kafka at $KAFKA_BROKERS (up to ${WAIT_SECONDS}s)"
deadline=$(($(date +%s) + WAIT_SECONDS))
until kafka_topics --list >/dev/null 2>&1; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "topic-init: Kafka at $KAFKA_BROKERS did not answer within ${WAIT_SECONDS}s" >&2
    kafka_topics --list >&2 || true
    exit 1
  fi
  sleep 3
done

# min.insync.replicas=2 only makes sense with 3+ replicas (acks=all keeps working with
# one broker down).
isr_config=""
if [ "$REPLICATION" -ge 3 ]; then isr_config="--config min.insync.replicas=2"; fi

create() { # name partitions [extra kafka-topics args...]
  name=$1 count=$2
  shift 2
  # shellcheck disable=SC2086 # isr_config is a word list on purpose
  kafka_topics --create --if-not-exists --topic "$name" --partitions "$count" \
    --replication-factor "$REPLICATION" $isr_config "$@"
  echo "topic-init: $name ready"
}

for topic in $TOPICS; do
  create "$prefix$topic" "$PARTITIONS"
  create "$prefix$topic.dlq" "$DLQ_PARTITIONS" --config "retention.ms=$DLQ_RETENTION_MS"
done

# Tables every replica reads whole at start: compacted (the latest record of each key is kept).
for topic in $COMPACTED_TOPICS; do
  create "$prefix$topic" "$PARTITIONS" --config cleanup.policy=compact
  create "$prefix$topic.dlq" "$DLQ_PARTITIONS" --config "retention.ms=$DLQ_RETENTION_MS"
done

# Existing topics keep their partition count (--if-not-exists does not alter them, and
# adding partitions later moves keys to other partitions): show what is there.
for topic in $TOPICS $COMPACTED_TOPICS; do
  kafka_topics --describe --topic "$prefix$topic" | head -n 1
done
echo "topic-init: done"
