#!/usr/bin/env bash
# Builds the agent and the sample catalog, then runs the catalog twice (without and with the agent)
# and prints the two results side by side. Needs only a JDK 17+ and Maven.
set -euo pipefail
cd "$(dirname "$0")"

mvn -B -q -DskipTests install

java -cp "integration-tests/target/classes:integration-tests/target/app-libs/*" \
  io.methodcache.sample.SampleRunner \
  --agent agent/target/methodcache-agent.jar \
  --rules config-samples/quickstart.yaml "$@"
