package io.haven.rest.testing;

import io.haven.api.model.Caller;
import io.haven.api.model.Delivery;
import io.haven.api.model.NotifierDraft;
import io.haven.api.model.NotifierInfo;
import io.haven.api.model.NotifierSetting;
import io.haven.api.model.NotifierTypeInfo;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.NotifierService;
import io.haven.api.service.ValidationException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Notifiers in memory, of one type, webhook, whose url is required; secrets read as hidden. */
public class FakeNotifierService implements NotifierService {

    public static final Instant NOW = Instant.parse("2025-04-01T00:00:00Z");
    public final Map<Long, NotifierDraft> drafts = new LinkedHashMap<>();
    public Caller lastCaller;

    @Override
    public List<NotifierTypeInfo> types() {
        return List.of(new NotifierTypeInfo("webhook", "Posts to a webhook", List.of(NotifierSetting.secret("url", "URL", true))));
    }

    @Override
    public List<NotifierInfo> list(Caller caller) {
        lastCaller = caller;
        return drafts.keySet().stream().map(id -> get(caller, id)).toList();
    }

    @Override
    public NotifierInfo get(Caller caller, long id) {
        lastCaller = caller;
        NotifierDraft d = drafts.get(id);
        if (d == null) {
            throw new NotFoundException("Notifier", id);
        }
        return new NotifierInfo(id, d.name(), d.type(), d.alerts(), d.summary(), Map.of("url", NotifierInfo.HIDDEN), NOW, true);
    }

    @Override
    public NotifierInfo create(Caller caller, NotifierDraft draft) {
        check(draft);
        long id = drafts.size() + 1;
        drafts.put(id, draft);
        return get(caller, id);
    }

    @Override
    public NotifierInfo update(Caller caller, long id, NotifierDraft draft) {
        get(caller, id);
        check(draft);
        drafts.put(id, draft);
        return get(caller, id);
    }

    @Override
    public void delete(Caller caller, long id) {
        get(caller, id);
        drafts.remove(id);
    }

    @Override
    public Delivery test(Caller caller, long id) {
        get(caller, id);
        return new Delivery(9, id, null, Delivery.Kind.TEST, Delivery.State.QUEUED, 0, null, NOW, NOW, null);
    }

    @Override
    public List<Delivery> deliveries(Caller caller, long id, int limit) {
        get(caller, id);
        return List.of(new Delivery(9, id, null, Delivery.Kind.TEST, Delivery.State.FAILED, 3, "HTTP 403", NOW, null, NOW));
    }

    private static void check(NotifierDraft draft) {
        if (draft.name() == null || draft.name().isBlank()) {
            throw new ValidationException("name", "A name is required");
        }
        if (!draft.settings().containsKey("url")) {
            throw new ValidationException("settings.url", "URL is required");
        }
    }
}
