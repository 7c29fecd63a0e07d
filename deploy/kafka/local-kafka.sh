#!/usr/bin/env bash
# A real single-node Apache Kafka (KRaft: broker and controller in one JVM) on 127.0.0.1,
# from the official jars on Maven Central. Needs only Java 17+ and Maven.
#
#   deploy/kafka/local-kafka.sh start|stop|status|restart|wipe
#
# KAFKA_PORT (default 9092) is the client port; the controller uses KAFKA_CONTROLLER_PORT
# (default KAFKA_PORT+1). Jars are cached once in $NEWSSTREAMS_CACHE (default
# ~/.cache/newsstreams); each port has its own data folder, log and pid file there.
# KAFKA_EXTRA_CONFIG may name a properties file appended to the generated config
# (the security tests use it for SASL/TLS listeners). KAFKA_LISTENERS_EXTRA adds listeners,
# comma separated (e.g. SASL_SSL://127.0.0.1:19395), to listeners and advertised.listeners;
# KAFKA_SCRAM_USERS holds space-separated StorageTool --add-scram entries
# (e.g. 'SCRAM-SHA-512=[name=alice,password=s3cret]'), created when the storage is formatted.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/pom.xml")"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
CACHE="${NEWSSTREAMS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/newsstreams}"
LIBS="$CACHE/kafka-$KAFKA_VERSION/libs"
RUN="$CACHE/kafka-run-$KAFKA_PORT"
PIDFILE="$RUN/kafka.pid"
LOG="$RUN/kafka.log"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"

say() { echo "local-kafka: $*" >&2; }

fetch_jars() {
  [ -f "$LIBS/.complete" ] && return 0
  command -v java >/dev/null || { say "java not found: install Java 17 or newer"; exit 1; }
  command -v mvn >/dev/null || { say "mvn not found: install Maven"; exit 1; }
  say "fetching Apache Kafka $KAFKA_VERSION jars from Maven Central into $LIBS (once)"
  mkdir -p "$LIBS"
  mvn -q -B -Dstyle.color=never -f "$HERE/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$LIBS" -DincludeScope=runtime >&2
  touch "$LIBS/.complete"
}

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; }

write_config() {
  cat > "$RUN/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT${KAFKA_LISTENERS_EXTRA:+,$KAFKA_LISTENERS_EXTRA}
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT${KAFKA_LISTENERS_EXTRA:+,$KAFKA_LISTENERS_EXTRA}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL
log.dirs=$RUN/data
num.partitions=4
offsets.topic.replication.factor=1
offsets.topic.num.partitions=8
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  if [ -n "${KAFKA_EXTRA_CONFIG:-}" ]; then cat "$KAFKA_EXTRA_CONFIG" >> "$RUN/server.properties"; fi
}

java_cmd() {
  # exec: when run in the background this subshell becomes the JVM, so the pid file holds the JVM's pid
  exec java -Xms256m -Xmx"${KAFKA_HEAP:-768m}" -XX:+UseG1GC -Djava.awt.headless=true \
       -Dlog4j2.configurationFile="$HERE/log4j2.yaml" ${KAFKA_JAVA_OPTS:-} -cp "$LIBS/*" "$@"
}

start() {
  if running; then say "already running on 127.0.0.1:$KAFKA_PORT (pid $(cat "$PIDFILE"))"; return 0; fi
  if answers; then say "port $KAFKA_PORT is taken by another process"; exit 1; fi
  fetch_jars
  mkdir -p "$RUN"
  # a fresh log per start, so "Kafka Server started" below is this start's, not an old one's
  [ -f "$LOG" ] && mv "$LOG" "$LOG.previous"
  write_config
  if [ ! -f "$RUN/data/meta.properties" ]; then
    local cluster_id; cluster_id="$( (java_cmd kafka.tools.StorageTool random-uuid) )"
    # SCRAM credentials live in the cluster metadata, so KRaft writes them at format time
    # (read -a splits on spaces without globbing the [..] in each entry)
    local users=() scram=() entry
    read -r -a users <<< "${KAFKA_SCRAM_USERS:-}"
    for entry in ${users[@]+"${users[@]}"}; do scram+=(--add-scram "$entry"); done
    (java_cmd kafka.tools.StorageTool format -t "$cluster_id" -c "$RUN/server.properties" ${scram[@]+"${scram[@]}"}) >> "$LOG" 2>&1 \
      || { say "formatting storage failed, see $LOG"; exit 1; }
  fi
  (java_cmd kafka.Kafka "$RUN/server.properties") >> "$LOG" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 "$START_TIMEOUT"); do
    if ! running; then say "broker exited during start; last lines of $LOG:"; tail -20 "$LOG" >&2; exit 1; fi
    if answers && grep -q "Kafka Server started" "$LOG"; then
      say "Kafka $KAFKA_VERSION running on 127.0.0.1:$KAFKA_PORT (pid $(cat "$PIDFILE"), log $LOG)"
      return 0
    fi
    sleep 1
  done
  say "broker did not answer within ${START_TIMEOUT}s; see $LOG"; exit 1
}

stop() {
  if ! running; then say "not running on port $KAFKA_PORT"; rm -f "$PIDFILE"; return 0; fi
  local pid; pid="$(cat "$PIDFILE")"
  kill "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; say "stopped"; return 0; }; sleep 1; done
  say "broker did not stop in 30s; killing"; kill -9 "$pid" 2>/dev/null || true; rm -f "$PIDFILE"
}

status() {
  if running && answers; then say "running on 127.0.0.1:$KAFKA_PORT (pid $(cat "$PIDFILE"))"; return 0; fi
  say "not running on port $KAFKA_PORT"; return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  wipe) stop; rm -rf "$RUN"; say "removed $RUN" ;;
  fetch) fetch_jars ;;
  *) echo "usage: $0 start|stop|restart|status|wipe|fetch" >&2; exit 2 ;;
esac
