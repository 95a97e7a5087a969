# Sourced by bench/run and reliability/run: one line describing the machine a run's figures come from.
describe_machine() {
  local cpu memory
  cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
  memory=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "$(nproc) cores ($cpu), $memory"
}
