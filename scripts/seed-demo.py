#!/usr/bin/env python3
"""Seeds a moto emulator with a small, recognisable AWS estate for Haven's demo account.

Usage: seed-demo.py ENDPOINT   (for example http://127.0.0.1:4566)
"""
import sys

import boto3

endpoint = sys.argv[1]
region = "us-east-1"
common = dict(endpoint_url=endpoint, region_name=region, aws_access_key_id="demo", aws_secret_access_key="demo")
ec2 = boto3.client("ec2", **common)
rds = boto3.client("rds", **common)
dynamodb = boto3.client("dynamodb", **common)


def name_tag(kind, name):
    return [{"ResourceType": kind, "Tags": [{"Key": "Name", "Value": name}]}]


if ec2.describe_instances(Filters=[{"Name": "tag:Name", "Values": ["web-1"]}])["Reservations"]:
    print("The emulator is already seeded")
    sys.exit(0)

for name, data_gib in (("web-1", 10), ("web-2", 10), ("db-1", 50)):
    instance = ec2.run_instances(ImageId="ami-12345678", InstanceType="t3.small", MinCount=1, MaxCount=1,
                                 TagSpecifications=name_tag("instance", name))["Instances"][0]
    zone = instance["Placement"]["AvailabilityZone"]
    volume = ec2.create_volume(AvailabilityZone=zone, Size=data_gib, VolumeType="gp3",
                               TagSpecifications=name_tag("volume", name + "-data"))
    ec2.attach_volume(VolumeId=volume["VolumeId"], InstanceId=instance["InstanceId"], Device="/dev/sdf")
    print(f"instance {instance['InstanceId']} ({name}) with data volume {volume['VolumeId']}")

for name, size in (("shared-data", 20), ("archive", 100)):
    volume = ec2.create_volume(AvailabilityZone=region + "a", Size=size, VolumeType="gp3",
                               TagSpecifications=name_tag("volume", name))
    print(f"volume {volume['VolumeId']} ({name})")

for name in ("orders-db", "reports-db"):
    rds.create_db_instance(DBInstanceIdentifier=name, DBInstanceClass="db.t3.micro", Engine="postgres",
                           AllocatedStorage=20, MasterUsername="admin", MasterUserPassword="demo-password-1")
    print(f"database {name}")

dynamodb.create_table(TableName="sessions", BillingMode="PAY_PER_REQUEST",
                      AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                      KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
print("table sessions")
