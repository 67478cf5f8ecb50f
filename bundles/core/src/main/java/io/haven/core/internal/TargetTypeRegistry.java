package io.haven.core.internal;

import io.haven.api.model.TargetTypeInfo;
import io.haven.api.service.ValidationException;
import io.haven.api.target.TargetType;
import java.util.Comparator;
import java.util.List;
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

/**
 * The target types that plugins offer right now, tracked on the DS whiteboard. Plugins come and go
 * at run time (deploy/ folder); targets of a type that is gone show as unavailable.
 */
@Component(service = TargetTypeRegistry.class)
public class TargetTypeRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(TargetTypeRegistry.class);

    private final Map<String, TargetType> types = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addTargetType(TargetType type) {
        types.put(type.id(), type);
        LOG.info("Target type {} ({}) is available", type.id(), type.displayName());
    }

    public void removeTargetType(TargetType type) {
        types.remove(type.id(), type);
        LOG.info("Target type {} is no longer available", type.id());
    }

    public Optional<TargetType> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(types.get(id));
    }

    /** The type, or a ValidationException on {@code field} that lists the installed ones. */
    public TargetType require(String field, String id) {
        return find(id).orElseThrow(() -> new ValidationException(field, "Unknown target type '" + id
                + "'; installed types: " + String.join(", ", types.keySet().stream().sorted().toList())));
    }

    public List<TargetType> all() {
        return types.values().stream().sorted(Comparator.comparing(TargetType::id)).toList();
    }

    /** Each installed type with the options it publishes; a type whose list cannot be read is shown without. */
    public List<TargetTypeInfo> infos() {
        return all().stream().map(t -> new TargetTypeInfo(t.id(), t.displayName(), optionsOf(t))).toList();
    }

    private static List<io.haven.api.target.TargetOption> optionsOf(TargetType type) {
        try {
            List<io.haven.api.target.TargetOption> options = type.options();
            return options == null ? List.of() : options;
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(TargetTypeRegistry.class).warn("Target type {} could not list its options: {}",
                    type.id(), e.toString());
            return List.of();
        }
    }
}
