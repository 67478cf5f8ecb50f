package io.haven.core.recovery;

import io.haven.api.recovery.AmiAssistant;
import io.haven.api.recovery.TargetRecovery;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The recovery plugins installed right now, tracked on the DS whiteboard like target types. */
@Component(service = RecoveryRegistry.class)
public class RecoveryRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryRegistry.class);

    private final Map<String, TargetRecovery> recoveries = new ConcurrentHashMap<>();
    private volatile AmiAssistant amiAssistant;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addRecovery(TargetRecovery recovery) {
        recoveries.put(recovery.typeId(), recovery);
        LOG.info("Recovery of {} is available", recovery.typeId());
    }

    public void removeRecovery(TargetRecovery recovery) {
        recoveries.remove(recovery.typeId(), recovery);
        LOG.info("Recovery of {} is no longer available", recovery.typeId());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setAmiAssistant(AmiAssistant assistant) {
        this.amiAssistant = assistant;
    }

    public void unsetAmiAssistant(AmiAssistant assistant) {
        if (this.amiAssistant == assistant) {
            this.amiAssistant = null;
        }
    }

    public Optional<TargetRecovery> find(String typeId) {
        return typeId == null ? Optional.empty() : Optional.ofNullable(recoveries.get(typeId));
    }

    public Optional<AmiAssistant> amiAssistant() {
        return Optional.ofNullable(amiAssistant);
    }
}
