package io.haven.shell.schedule;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Schedule;
import io.haven.api.service.ScheduleService;
import io.haven.shell.StringsCompletion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes schedule ids and names. */
@Service
public class ScheduleCompleter extends StringsCompletion {

    @Reference
    ScheduleService schedules;

    @Reference
    UserService users;

    @Override
    protected Collection<String> strings() {
        List<String> strings = new ArrayList<>();
        for (Schedule schedule : schedules.list(ShellUser.caller(users))) {
            strings.add(String.valueOf(schedule.id()));
            strings.add(schedule.spec().name());
        }
        return strings;
    }
}
