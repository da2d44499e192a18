set -u
export OUT=${OUT:-/tmp/out}
SKIP_TESTS=1 POLL=1 OUT=$OUT/recheck2 timeout 250 bash bench/recheck_gpu.sh 2>&1 | grep -v "^  import" | tail -30
SERVERS="default" PASSES=6 MIXED=3 OUT=$OUT/adv timeout 250 bash bench/advances_gpu.sh 2>&1 | grep -v "^  import" | tail -12
cp /tmp/advances/*.json $OUT/adv/ 2>/dev/null
cd $OUT && tar czf /tmp/r2.tgz . && mv /tmp/r2.tgz $OUT/run2.tgz && ls $OUT
