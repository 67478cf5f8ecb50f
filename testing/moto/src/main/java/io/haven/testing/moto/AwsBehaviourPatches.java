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
            "");

    private AwsBehaviourPatches() {
    }
}
