package io.haven.api.service;

import io.haven.api.model.Caller;
import io.haven.api.model.Delivery;
import io.haven.api.model.NotifierDraft;
import io.haven.api.model.NotifierInfo;
import io.haven.api.model.NotifierTypeInfo;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** A user's notifiers (guide 15.3-15.5): where alerts and the daily summary go, and what was sent. */
@ProviderType
public interface NotifierService {

    /** The notifier types the installed plugins offer. */
    List<NotifierTypeInfo> types();

    List<NotifierInfo> list(Caller caller);

    NotifierInfo get(Caller caller, long id);

    NotifierInfo create(Caller caller, NotifierDraft draft);

    NotifierInfo update(Caller caller, long id, NotifierDraft draft);

    void delete(Caller caller, long id);

    /** Queues a test notification through the notifier; the answer is its delivery, to be followed. */
    Delivery test(Caller caller, long id);

    /** The notifier's deliveries, newest first. */
    List<Delivery> deliveries(Caller caller, long id, int limit);
}
