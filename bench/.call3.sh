set -u
export OUT=${OUT:-/tmp/out}
SKIP_TESTS=1 timeout 400 bash bench/scheduler_gpu.sh 2>&1 | grep -v "^  import" | tail -45
cd $OUT && tar czf /tmp/r3.tgz . && mv /tmp/r3.tgz $OUT/run3.tgz && ls $OUT
