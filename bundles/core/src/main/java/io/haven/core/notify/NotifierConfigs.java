package io.haven.core.notify;

import io.haven.core.access.Worlds;
import io.haven.core.access.Worlds.Change;
import io.haven.api.model.Caller;
import io.haven.api.model.Delivery;
import io.haven.api.model.NotifierDraft;
import io.haven.api.model.NotifierInfo;
import io.haven.api.model.NotifierSetting;
import io.haven.api.model.NotifierTypeInfo;
import io.haven.api.notify.Notifier;
import io.haven.api.service.ConflictException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.NotifierService;
import io.haven.api.service.ValidationException;
import io.haven.core.internal.Validation;
import io.haven.core.security.SecretCipher;
import io.haven.store.HavenStore;
import io.haven.store.NotifierRepository.StoredNotifier;
import io.haven.store.NotifierRepository.StoredSetting;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's notifiers: settings checked against what the type declares and by the plugin itself, secrets encrypted
 * like account keys and never shown again, each notifier visible to its user only.
 */
public class NotifierConfigs implements NotifierService {

    private static final Logger LOG = LoggerFactory.getLogger(NotifierConfigs.class);
    static final int MAX_VALUE = 2000;

    private final HavenStore store;
    private final Function<String, Optional<Notifier>> notifiers;
    private final Supplier<List<Notifier>> installed;
    private final SecretCipher cipher;
    private final Deliveries deliveries;
    private final Clock clock;

    public NotifierConfigs(HavenStore store, Function<String, Optional<Notifier>> notifiers,
                           Supplier<List<Notifier>> installed, SecretCipher cipher, Deliveries deliveries, Clock clock) {
        this.store = store;
        this.notifiers = notifiers;
        this.installed = installed;
        this.cipher = cipher;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    @Override
    public List<NotifierTypeInfo> types() {
        return installed.get().stream().sorted(Comparator.comparing(Notifier::type))
                .map(n -> new NotifierTypeInfo(n.type(), n.description(), n.settings())).toList();
    }

    @Override
    public List<NotifierInfo> list(Caller caller) {
        return store.notifiers().byUser(caller.user().id()).stream().map(this::info).toList();
    }

    @Override
    public NotifierInfo get(Caller caller, long id) {
        return info(owned(caller, id));
    }

    @Override
    public NotifierInfo create(Caller caller, NotifierDraft draft) {
        Worlds.requireAllowed(caller, Change.NOTIFICATIONS);
        String name = Validation.name("name", draft.name());
        Notifier plugin = plugin(draft.type());
        unique(caller, name, null);
        Map<String, StoredSetting> settings = seal(plugin, checked(plugin, draft.settings(), Map.of()));
        long id = store.notifiers().insert(caller.user().id(), name, plugin.type(), draft.alerts(), draft.summary(),
                settings, clock.instant());
        LOG.info("Notifier '{}' ({}) added by {} ({})", name, plugin.type(), caller.user().username(), caller.channel());
        return get(caller, id);
    }

    @Override
    public NotifierInfo update(Caller caller, long id, NotifierDraft draft) {
        Worlds.requireAllowed(caller, Change.NOTIFICATIONS);
        StoredNotifier stored = owned(caller, id);
        String name = Validation.name("name", draft.name());
        if (draft.type() != null && !draft.type().equals(stored.type())) {
            throw new ValidationException("type", "A notifier's type cannot change; add another notifier instead");
        }
        Notifier plugin = plugin(stored.type());
        unique(caller, name, id);
        Map<String, String> kept = new LinkedHashMap<>();
        stored.settings().forEach((key, setting) -> {
            if (setting.secret()) {
                kept.put(key, cipher.decrypt(setting.value()));
            }
        });
        store.notifiers().update(id, name, draft.alerts(), draft.summary(), seal(plugin, checked(plugin, draft.settings(), kept)));
        LOG.info("Notifier '{}' changed by {} ({})", name, caller.user().username(), caller.channel());
        return get(caller, id);
    }

    @Override
    public void delete(Caller caller, long id) {
        Worlds.requireAllowed(caller, Change.NOTIFICATIONS);
        StoredNotifier stored = owned(caller, id);
        store.notifiers().delete(id);
        LOG.info("Notifier '{}' removed by {} ({})", stored.name(), caller.user().username(), caller.channel());
    }

    @Override
    public Delivery test(Caller caller, long id) {
        Worlds.requireAllowed(caller, Change.NOTIFICATIONS);
        StoredNotifier stored = owned(caller, id);
        return deliveries.queue(id, null, Delivery.Kind.TEST, "Haven test notification",
                "This is a test notification from Haven to notifier '" + stored.name() + "', asked for by "
                        + caller.user().username() + ". If you read this, the notifier works.\n");
    }

    @Override
    public List<Delivery> deliveries(Caller caller, long id, int limit) {
        owned(caller, id);
        return store.notifiers().deliveries(id, Validation.range("limit", limit, 1, 1000));
    }

    private StoredNotifier owned(Caller caller, long id) {
        return store.notifiers().get(id).filter(n -> n.userId() == caller.user().id())
                .orElseThrow(() -> new NotFoundException("Notifier", id));
    }

    private void unique(Caller caller, String name, Long self) {
        store.notifiers().idByName(caller.user().id(), name).filter(other -> !other.equals(self)).ifPresent(other -> {
            throw new ConflictException("You already have a notifier named '" + name + "'");
        });
    }

    private Notifier plugin(String type) {
        return notifiers.apply(type).orElseThrow(() -> new ValidationException("type", "Unknown notifier type '" + type
                + "'; installed types: " + String.join(", ", types().stream().map(NotifierTypeInfo::type).toList())));
    }

    /**
     * The settings to store: only declared ones, required ones present, secrets left out or hidden keep their
     * {@code kept} value; then the plugin's own check, which may complete them.
     */
    private Map<String, String> checked(Notifier plugin, Map<String, String> given, Map<String, String> kept) {
        Map<String, NotifierSetting> declared = new LinkedHashMap<>();
        plugin.settings().forEach(s -> declared.put(s.name(), s));
        for (String key : given.keySet()) {
            if (!declared.containsKey(key)) {
                throw new ValidationException("settings." + key, "Notifier type " + plugin.type() + " has no setting '"
                        + key + "'; it takes " + String.join(", ", declared.keySet()));
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (NotifierSetting setting : declared.values()) {
            String value = given.get(setting.name());
            if (setting.secret() && (value == null || NotifierInfo.HIDDEN.equals(value))) {
                value = kept.get(setting.name());
            }
            if (value == null || value.isBlank()) {
                if (setting.required()) {
                    throw new ValidationException("settings." + setting.name(), setting.description() + " is required");
                }
                continue;
            }
            if (value.length() > MAX_VALUE || value.chars().anyMatch(c -> c == 0)) {
                throw new ValidationException("settings." + setting.name(), "At most " + MAX_VALUE + " characters");
            }
            settings.put(setting.name(), value.trim());
        }
        return plugin.prepare(Map.copyOf(settings));
    }

    private Map<String, StoredSetting> seal(Notifier plugin, Map<String, String> settings) {
        Map<String, StoredSetting> sealed = new LinkedHashMap<>();
        for (NotifierSetting setting : plugin.settings()) {
            String value = settings.get(setting.name());
            if (value != null) {
                sealed.put(setting.name(), new StoredSetting(setting.secret() ? cipher.encrypt(value) : value,
                        setting.secret()));
            }
        }
        return sealed;
    }

    private NotifierInfo info(StoredNotifier stored) {
        Map<String, String> shown = new LinkedHashMap<>();
        stored.settings().forEach((key, setting) -> shown.put(key, setting.secret() ? NotifierInfo.HIDDEN : setting.value()));
        return new NotifierInfo(stored.id(), stored.name(), stored.type(), stored.alerts(), stored.summary(), shown,
                stored.created(), notifiers.apply(stored.type()).isPresent());
    }
}
