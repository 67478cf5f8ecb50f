package io.haven.testing.moto;

/**
 * AWS behaviour that moto lacks and Haven relies on, patched into the moto server process at its start: small
 * emulations of exactly what AWS documents, so that tests exercise the product's real calls.
 * <ul>
 *   <li>CreateSnapshots honours {@code InstanceSpecification.ExcludeDataVolumeIds} (moto 5.2 snapshots every data
 *       volume): the instance's volumes minus the boot volume when ExcludeBootVolume is true, minus the listed
 *       data volumes.</li>
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
            "");

    private AwsBehaviourPatches() {
    }
}
