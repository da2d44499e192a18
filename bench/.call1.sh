set -u
export OUT=${OUT:-/tmp/out}
timeout 570 bash bench/after_change_gpu.sh 2>&1 | tail -60
cd $OUT && tar czf /tmp/ac.tgz . && mv /tmp/ac.tgz $OUT/after_change.tgz && ls -la $OUT
