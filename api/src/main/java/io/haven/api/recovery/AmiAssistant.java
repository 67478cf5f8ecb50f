package io.haven.api.recovery;

import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.api.target.Resource;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Helps pick an image to recover an instance from (guide 9.2.3). One DS service, provided by the
 * EC2 recovery plugin.
 */
@ConsumerType
public interface AmiAssistant {

    /**
     * The details of the instance's original AMI as the backup recorded them (id, name, description,
     * architecture, platform, virtualization type, root device, owner), kept even if the AMI was
     * deleted since. Empty when the backup holds no record of it.
     */
    Map<String, String> recordedImage(List<Artifact> instanceArtifacts);

    /**
     * Images in the context's region that match the recorded image: the same id when {@code exactOnly},
     * otherwise also images with the same name, or the same architecture, platform, virtualization type
     * and root device type, best matches first. Each result has type {@code ami}, attribute
     * {@code match} = {@code exact} or {@code similar}.
     */
    List<Resource> search(CloudContext ctx, Map<String, String> recordedImage, boolean exactOnly);
}
