package io.haven.testing.moto;

/**
 * AWS behaviour that moto lacks and Haven relies on, patched into the moto server process at its start: small
 * emulations of exactly what AWS documents, so that tests exercise the product's real calls.
 * <ul>
 *   <li>CreateSnapshots honours {@code InstanceSpecification.ExcludeDataVolumeIds} (moto 5.2 snapshots every data
 *       volume): the instance's volumes minus the boot volume when ExcludeBootVolume is true, minus the listed
 *       data volumes.</li>
 *   <li>Redshift's DescribeClusterSnapshots honours {@code TagKeys} and {@code TagValues} (a snapshot with a tag of
 *       any of the keys and any of the values; moto 5.2 ignores both), {@code SnapshotType} also without an
 *       identifier, {@code SortingEntities} by {@code CREATE_TIME}, and pages by {@code MaxRecords} (default 100)
 *       with a {@code Marker} (moto 5.2 answers everything in one page).</li>
 *   <li>Cross-account use of a shared snapshot (cross-account DR, guide 11). AWS lets the account a snapshot was
 *       shared with copy it: an EBS snapshot whose {@code createVolumePermission} names the account (or the group
 *       {@code all}) by CopySnapshot with the owner's snapshot id and region; an RDS or Aurora snapshot whose
 *       {@code restore} attribute names it (or {@code all}) by CopyDBSnapshot / CopyDBClusterSnapshot from the owner's
 *       ARN. moto 5.2 stores the attributes but looks for the source in the caller's own account only. The patch
 *       looks in the owner's account when the source is not the caller's, and only when the attribute names the
 *       caller; anything not shared stays "not found", as in AWS. The copy is made in the caller's account as moto
 *       makes any copy (complete at once, the caller's tags).</li>
 *   <li>Recovery from a shared snapshot in the account it was shared with (guide 10.5): CreateVolume with another
 *       account's EBS snapshot id in the same region, RestoreDBInstanceFromDBSnapshot and RestoreDBClusterFromSnapshot
 *       with another account's snapshot ARN, each only when the attribute above names the caller (or {@code all});
 *       else "not found", as in AWS. The volume, database or cluster is the caller's, made by moto's own code from
 *       the owner's snapshot. Describing another account's shared snapshot still does not work on moto.</li>
 *   <li>AMIs shared with an account (its {@code launchPermission} names the account, or the image is public), as AWS
 *       serves them: DescribeImages by the image's id in the owner's region answers it (so RunInstances, which moto
 *       does not check against images, can launch it after Haven's checks), and CopyImage from the owner's region
 *       makes the caller's own copy, only when the image's snapshot is shared with the caller too
 *       ({@code createVolumePermission}), as AWS requires read access to the storage behind a shared AMI. Anything not
 *       shared stays "not found"; moto 5.2 looks for images in the caller's own account only.</li>
 *   <li>RunInstances is idempotent by {@code ClientToken}: a call with the token of an earlier launch in the same
 *       account and region launches nothing and answers with that launch's reservation, as AWS does (moto 5.2 keeps
 *       the token but launches again). AWS's refusal of the same token with other parameters
 *       ({@code IdempotentParameterMismatch}) is not emulated.</li>
 * </ul>
 * A patch that no longer fits a newer moto is skipped, never fatal: the tests that need it then fail and say so.
 */
final class AwsBehaviourPatches {

    static final String PYTHON = String.join("\n",
            "try:",
            "    from moto.ec2.models.elastic_block_store import EBSBackend as _Ebs",
            "    def _create_snapshots(self, instance_spec, description, tags):",
            "        instance = self.get_instance(instance_spec['InstanceId'])",
            "        excluded = instance_spec.get('ExcludeDataVolumeIds') or []",
            "        if isinstance(excluded, dict):",
            "            excluded = list(excluded.values())",
            "        no_boot = str(instance_spec.get('ExcludeBootVolume', False)).lower() == 'true'",
            "        volumes = [m.volume_id for k, m in instance.block_device_mapping.items()",
            "                   if not (no_boot and k == instance.root_device_name) and m.volume_id not in excluded]",
            "        snapshots = [self.create_snapshot(v, description=description) for v in volumes]",
            "        for snapshot in snapshots:",
            "            snapshot.add_tags(tags)",
            "        return snapshots",
            "    _Ebs.create_snapshots = _create_snapshots",
            "except Exception as e:",
            "    print('Haven: moto patch for CreateSnapshots skipped: %s' % e, file=sys.stderr)",
            "try:",
            "    from moto.redshift.responses import RedshiftResponse as _Redshift",
            "    from moto.core.responses import ActionResult as _ActionResult",
            "    def _describe_cluster_snapshots(self):",
            "        snapshot_type = self._get_param('SnapshotType')",
            "        snapshots = self.redshift_backend.describe_cluster_snapshots(self._get_param('ClusterIdentifier'),",
            "                                                                     self._get_param('SnapshotIdentifier'),",
            "                                                                     snapshot_type)",
            "        if snapshot_type:",
            "            snapshots = [s for s in snapshots if s.snapshot_type == snapshot_type]",
            "        keys = self._get_param('TagKeys') or []",
            "        values = self._get_param('TagValues') or []",
            "        if keys or values:",
            "            snapshots = [s for s in snapshots if any((not keys or t['Key'] in keys)",
            "                                                     and (not values or t['Value'] in values) for t in s.tags)]",
            "        for entity in reversed(self._get_param('SortingEntities') or []):",
            "            if entity.get('Attribute') == 'CREATE_TIME':",
            "                snapshots = sorted(snapshots, key=lambda s: s.create_time,",
            "                                   reverse=entity.get('SortOrder') == 'DESC')",
            "        start = int(self._get_param('Marker') or 0)",
            "        size = int(self._get_param('MaxRecords') or 100)",
            "        result = {'Snapshots': snapshots[start:start + size]}",
            "        if start + size < len(snapshots):",
            "            result['Marker'] = str(start + size)",
            "        return _ActionResult(result)",
            "    _Redshift.describe_cluster_snapshots = _describe_cluster_snapshots",
            "except Exception as e:",
            "    print('Haven: moto patch for DescribeClusterSnapshots skipped: %s' % e, file=sys.stderr)",
            "try:",
            "    from moto.ec2.models.elastic_block_store import EBSBackend as _Ebs2, Snapshot as _EbsSnapshot",
            "    from moto.ec2.utils import random_snapshot_id as _random_snapshot_id",
            "    _own_copy_snapshot = _Ebs2.copy_snapshot",
            "    def _shared_copy_snapshot(self, source_snapshot_id, source_region, description, kms_key_id):",
            "        from moto.ec2.models import ec2_backends",
            "        if source_snapshot_id not in ec2_backends[self.account_id][source_region].snapshots:",
            "            for owner in [a for a in list(ec2_backends.keys()) if a != self.account_id]:",
            "                source = ec2_backends[owner][source_region].snapshots.get(source_snapshot_id)",
            "                if source is not None and (self.account_id in source.create_volume_permission_userids",
            "                                           or 'all' in source.create_volume_permission_groups):",
            "                    snapshot_id = _random_snapshot_id()",
            "                    snapshot = _EbsSnapshot(self, snapshot_id, volume=source.volume, description=description,",
            "                                            encrypted=source.encrypted, kms_key_id=kms_key_id)",
            "                    self.snapshots[snapshot_id] = snapshot",
            "                    return snapshot",
            "        return _own_copy_snapshot(self, source_snapshot_id, source_region, description, kms_key_id)",
            "    _Ebs2.copy_snapshot = _shared_copy_snapshot",
            "except Exception as e:",
            "    print('Haven: moto patch for cross-account CopySnapshot skipped: %s' % e, file=sys.stderr)",
            "try:",
            "    from moto.rds.models import RDSBackend as _Rds, rds_backends as _rds_backends",
            "    _own_get_snapshot = _Rds.get_snapshot",
            "    def _shared_get_snapshot(self, identifier, resource_type, not_found_exception):",
            "        parts = identifier.split(':') if identifier.startswith('arn') else []",
            "        if len(parts) > 6 and parts[4] and parts[4] != self.account_id:",
            "            snapshot = _rds_backends[parts[4]][parts[3]].resource_map[resource_type].get(parts[-1])",
            "            allowed = snapshot.attributes.get('restore', []) if snapshot is not None else []",
            "            if snapshot is None or not (self.account_id in allowed or 'all' in allowed):",
            "                raise not_found_exception(parts[-1])",
            "            return snapshot",
            "        return _own_get_snapshot(self, identifier, resource_type, not_found_exception)",
            "    _Rds.get_snapshot = _shared_get_snapshot",
            "except Exception as e:",
            "    print('Haven: moto patch for cross-account CopyDBSnapshot skipped: %s' % e, file=sys.stderr)",
            "try:",
            "    from moto.ec2.models.elastic_block_store import EBSBackend as _Ebs3",
            "    _own_create_volume = _Ebs3.create_volume",
            "    def _shared_snapshot(self, snapshot_id):",
            "        from moto.ec2.models import ec2_backends",
            "        for owner in [a for a in list(ec2_backends.keys()) if a != self.account_id]:",
            "            source = ec2_backends[owner][self.region_name].snapshots.get(snapshot_id)",
            "            if source is not None and (self.account_id in source.create_volume_permission_userids",
            "                                       or 'all' in source.create_volume_permission_groups):",
            "                return source",
            "        return None",
            "    def _shared_create_volume(self, size, zone_name, snapshot_id=None, *args, **kwargs):",
            "        source = _shared_snapshot(self, snapshot_id) if snapshot_id and snapshot_id not in self.snapshots else None",
            "        if source is None:",
            "            return _own_create_volume(self, size, zone_name, snapshot_id, *args, **kwargs)",
            "        own_get = self.get_snapshot",
            "        self.get_snapshot = lambda wanted: source if wanted == snapshot_id else own_get(wanted)",
            "        try:",
            "            return _own_create_volume(self, size, zone_name, snapshot_id, *args, **kwargs)",
            "        finally:",
            "            del self.get_snapshot",
            "    _Ebs3.create_volume = _shared_create_volume",
            "except Exception as e:",
            "    print('Haven: moto patch for CreateVolume from a shared snapshot skipped: %s' % e, file=sys.stderr)",
            "try:",
            "    from moto.rds.models import RDSBackend as _Rds2, DBSnapshot as _DBSnapshot, DBClusterSnapshot as _DBClusterSnapshot",
            "    from moto.rds.exceptions import DBSnapshotNotFoundFault as _DBSnapshotNotFound",
            "    from moto.rds.exceptions import DBClusterSnapshotNotFoundError as _DBClusterSnapshotNotFound",
            "    def _restore_shared(own_restore, describe, resource_type, not_found):",
            "        def restore(self, from_snapshot_id, overrides):",
            "            parts = from_snapshot_id.split(':') if from_snapshot_id.startswith('arn') else []",
            "            if not (len(parts) > 6 and parts[4] and parts[4] != self.account_id):",
            "                return own_restore(self, from_snapshot_id, overrides)",
            "            snapshot = self.get_snapshot(from_snapshot_id, resource_type, not_found)",
            "            setattr(self, describe, lambda *a, **k: [snapshot])",
            "            try:",
            "                return own_restore(self, from_snapshot_id, overrides)",
            "            finally:",
            "                delattr(self, describe)",
            "        return restore",
            "    _Rds2.restore_db_instance_from_db_snapshot = _restore_shared(_Rds2.restore_db_instance_from_db_snapshot,",
            "        'describe_db_snapshots', _DBSnapshot, _DBSnapshotNotFound)",
            "    _Rds2.restore_db_cluster_from_snapshot = _restore_shared(_Rds2.restore_db_cluster_from_snapshot,",
            "        'describe_db_cluster_snapshots', _DBClusterSnapshot, _DBClusterSnapshotNotFound)",
            "except Exception as e:",
            "    print('Haven: moto patch for restoring a shared DB snapshot skipped: %s' % e, file=sys.stderr)",
            "try:",
            "    from moto.ec2.models.amis import AmiBackend as _Amis, Ami as _Ami",
            "    from moto.ec2.utils import random_ami_id as _random_ami_id",
            "    from moto.ec2.exceptions import InvalidAMIIdError as _InvalidAMIId",
            "    def _shared_image(account_id, region, image_id):",
            "        from moto.ec2.models import ec2_backends",
            "        for owner in [a for a in list(ec2_backends.keys()) if a != account_id]:",
            "            image = ec2_backends[owner][region].amis.get(image_id)",
            "            if image is not None and ({'UserId': account_id} in image.launch_permissions or image.is_public):",
            "                return image",
            "        return None",
            "    _own_describe_images = _Amis.describe_images",
            "    def _describe_shared_images(self, ami_ids=None, filters=None, exec_users=None, owners=None):",
            "        shared = [i for i in (_shared_image(self.account_id, self.region_name, a) for a in (ami_ids or [])",
            "                              if a not in self.amis) if i is not None]",
            "        if not shared:",
            "            return _own_describe_images(self, ami_ids, filters, exec_users, owners)",
            "        rest = [a for a in ami_ids if a not in [i.id for i in shared]]",
            "        return (_own_describe_images(self, rest, filters, exec_users, owners) if rest else []) + shared",
            "    _Amis.describe_images = _describe_shared_images",
            "    _own_copy_image = _Amis.copy_image",
            "    def _shared_copy_image(self, source_image_id, source_region, name=None, description=None):",
            "        from moto.ec2.models import ec2_backends",
            "        if source_image_id not in ec2_backends[self.account_id][source_region].amis:",
            "            source = _shared_image(self.account_id, source_region, source_image_id)",
            "            snapshot = getattr(source, 'ebs_snapshot', None)",
            "            if source is None or snapshot is None or not (",
            "                    self.account_id in snapshot.create_volume_permission_userids",
            "                    or 'all' in snapshot.create_volume_permission_groups):",
            "                raise _InvalidAMIId(source_image_id)",
            "            ami = _Ami(self, _random_ami_id(), instance=None, source_ami=source, name=name,",
            "                       description=description)",
            "            self.amis[ami.id] = ami",
            "            return ami",
            "        return _own_copy_image(self, source_image_id, source_region, name, description)",
            "    _Amis.copy_image = _shared_copy_image",
            "except Exception as e:",
            "    print('Haven: moto patch for shared AMIs skipped: %s' % e, file=sys.stderr)",
            "try:",
            "    from moto.ec2.responses.instances import InstanceResponse as _InstanceResponse",
            "    from moto.core.responses import ActionResult as _LaunchResult",
            "    _launch = _InstanceResponse.run_instances",
            "    def _idempotent_run_instances(self):",
            "        token = self._get_param('ClientToken')",
            "        if token:",
            "            for reservation in list(self.ec2_backend.reservations.values()):",
            "                if any(getattr(i, 'client_token', None) == token for i in reservation.instances):",
            "                    return _LaunchResult(reservation)",
            "        return _launch(self)",
            "    _InstanceResponse.run_instances = _idempotent_run_instances",
            "except Exception as e:",
            "    print('Haven: moto patch for RunInstances client tokens skipped: %s' % e, file=sys.stderr)",
            "");

    private AwsBehaviourPatches() {
    }
}
