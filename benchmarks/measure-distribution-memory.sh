#!/usr/bin/env bash
# Measures Haven's cold start, idle resident memory, and resident memory after a run of N EBS volumes (issue 13,
# goal 5; docs/benchmarks.md). Needs the built distribution (mvn -B -q install -DskipTests), curl, bc, and a python3
# that imports moto[server] and boto3. Uses ports 8453 (Haven), 8111 (sshd) and 4599 (moto); work folder $W.
set -euo pipefail
W=${W:-/tmp/haven-memory}; mkdir -p "$W"; PORT=8453; MOTO=4599; N=${N:-1000}
nohup python3 -m moto.server -H 127.0.0.1 -p $MOTO > $W/moto.log 2>&1 & echo $! > $W/moto.pid
for _ in $(seq 1 60); do curl -sf http://127.0.0.1:$MOTO/moto-api/ >/dev/null && break; sleep 0.5; done
python3 - <<PY
import boto3
ec2 = boto3.client("ec2", endpoint_url="http://127.0.0.1:$MOTO", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
ids = [ec2.create_volume(AvailabilityZone="us-east-1a", Size=1)["VolumeId"] for _ in range($N)]
open("$W/volumes.txt", "w").write("\n".join(ids))
PY
rm -rf $W/dist; mkdir -p $W/dist; tar -xzf $(cd "$(dirname "$0")/.." && pwd)/distribution/target/haven-0.1.0-SNAPSHOT.tar.gz -C $W/dist
D=$(ls -d $W/dist/haven-*)
sed -i "s/^port *=.*/port = $PORT/" $D/etc/io.haven.server.cfg
export KARAF_DATA=$W/data; rm -rf $KARAF_DATA; mkdir -p $KARAF_DATA
export HAVEN_ROOT_PASSWORD=measure-memory-pw-2026
sed -i "s/^sshPort *=.*/sshPort = 8111/" $D/etc/org.apache.karaf.shell.cfg
t0=$(date +%s.%N)
$D/bin/start
API=https://localhost:$PORT/api/v1
until [ "$(curl -sk -o /dev/null -w '%{http_code}' -u root:$HAVEN_ROOT_PASSWORD $API/accounts)" = 200 ]; do sleep 0.2; done
t1=$(date +%s.%N)
echo "cold start to REST answering (first start, fresh data): $(echo "$t1 - $t0" | bc) s"
pid=$(pgrep -f "karaf.base=$D" | head -1)
sleep 60
echo "idle RSS 60 s after start: $(grep VmRSS /proc/$pid/status)"
A="-sk -u root:$HAVEN_ROOT_PASSWORD -H Content-Type:application/json"
curl $A -X POST $API/accounts -d "{\"name\":\"mem\",\"authMethod\":\"ACCESS_KEYS\",\"accessKeyId\":\"memtest\",\"secretAccessKey\":\"memtest\",\"endpoint\":\"http://127.0.0.1:$MOTO\"}" > $W/account.json
acc=$(python3 -c "import json;print(json.load(open('$W/account.json'))['id'])")
curl $A -X POST $API/policies -d "{\"name\":\"mem\",\"accountId\":$acc,\"generations\":3,\"scheduleIds\":[]}" > $W/policy.json
pol=$(python3 -c "import json;print(json.load(open('$W/policy.json'))['id'])")
python3 - <<PY
import json, subprocess
ids = open("$W/volumes.txt").read().split()
for i in range(0, len(ids), 200):
    body = json.dumps({"targets": [{"type": "ebs-volume", "region": "us-east-1", "resourceId": v} for v in ids[i:i+200]]})
    out = subprocess.run(["curl", "-sk", "-u", "root:$HAVEN_ROOT_PASSWORD", "-H", "Content-Type: application/json", "-X", "POST",
                          "$API/policies/$pol/target-batch", "-d", body], capture_output=True, text=True).stdout
    assert '"status"' not in out or '"status":4' not in out, out[:300]
PY
r0=$(date +%s.%N)
curl $A -X POST $API/policies/$pol/run > $W/run.json; cat $W/run.json; echo
bid=$(python3 -c "import json;d=json.load(open('$W/run.json'));print(d.get('id') or d.get('backupId'))")
until curl $A $API/backups/$bid | grep -q '"status":"SUCCESSFUL"\|"status":"FAILED"\|"status":"PARTIAL'; do sleep 1; done
r1=$(date +%s.%N)
curl $A $API/backups/$bid | head -c 300; echo
echo "run of $N volumes ended in $(echo "$r1 - $r0" | bc) s"
echo "RSS right after the run: $(grep VmRSS /proc/$pid/status)"
sleep 120
echo "RSS 2 minutes after the run: $(grep VmRSS /proc/$pid/status)"
$D/bin/stop || true
kill $(cat $W/moto.pid) || true
