package io.jobkit.local.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The in-memory schedules and groups behind {@link LocalScheduler}'s API, and the engine's {@link ScheduleSource}
 * when it fires. The {@code default} group always exists. Every method is atomic; changes notify a listener (the
 * engine's wake-up), never under a lock the engine holds.
 */
final class ScheduleStore implements ScheduleSource {
    static final String DEFAULT_GROUP = "default";

    /** A schedule as the API stores it: the validated request ({@code spec}) plus server-side fields. */
    record StoredSchedule(String group, String name, String arn, ObjectNode spec, Instant created, Instant modified,
                          String clientToken, ScheduleDefinition definition) {
    }

    record Group(String name, String arn, Instant created, Instant modified) {
    }

    /** Builds the engine's view of a schedule from its stored request. */
    interface DefinitionFactory {
        ScheduleDefinition create(String group, String name, String arn, ObjectNode spec, Instant modified);
    }

    private final Clock clock;
    private final Arns arns;
    private final DefinitionFactory definitions;
    private final Map<String, Group> groups = new TreeMap<>();
    private final TreeMap<String, StoredSchedule> schedules = new TreeMap<>();
    private volatile Runnable onChange = () -> { };

    record Arns(String region, String account) {
        String schedule(String group, String name) {
            return "arn:aws:scheduler:" + region + ":" + account + ":schedule/" + group + "/" + name;
        }

        String group(String group) {
            return "arn:aws:scheduler:" + region + ":" + account + ":schedule-group/" + group;
        }
    }

    ScheduleStore(Clock clock, Arns arns, DefinitionFactory definitions) {
        this.clock = clock;
        this.arns = arns;
        this.definitions = definitions;
        Instant now = clock.instant();
        groups.put(DEFAULT_GROUP, new Group(DEFAULT_GROUP, arns.group(DEFAULT_GROUP), now, now));
    }

    void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** Sorts by group, then name; also the pagination order. */
    static String key(String group, String name) {
        return group + "\u0000" + name;
    }

    // ---- groups

    Group createGroup(String name) {
        synchronized (this) {
            if (groups.containsKey(name)) {
                throw ApiException.conflict("Schedule group " + name + " already exists.");
            }
            Instant now = clock.instant();
            Group g = new Group(name, arns.group(name), now, now);
            groups.put(name, g);
            return g;
        }
    }

    synchronized Group group(String name) {
        Group g = groups.get(name);
        if (g == null) throw ApiException.notFound("Schedule group " + name + " does not exist.");
        return g;
    }

    synchronized List<Group> groups(String namePrefix) {
        List<Group> out = new ArrayList<>();
        for (Group g : groups.values()) {
            if (namePrefix == null || g.name().startsWith(namePrefix)) out.add(g);
        }
        return out;
    }

    void deleteGroup(String name) {
        synchronized (this) {
            if (DEFAULT_GROUP.equals(name)) {
                throw ApiException.validation("The default schedule group cannot be deleted.");
            }
            group(name);
            groups.remove(name);
            schedules.values().removeIf(s -> s.group().equals(name));
        }
        onChange.run();
    }

    // ---- schedules

    /** Creates, or returns the existing schedule when the same client token repeats a create (an SDK retry). */
    StoredSchedule create(String group, String name, ObjectNode spec, String clientToken) {
        StoredSchedule created;
        synchronized (this) {
            group(group);
            StoredSchedule existing = schedules.get(key(group, name));
            if (existing != null) {
                if (clientToken != null && clientToken.equals(existing.clientToken())) return existing;
                throw ApiException.conflict("Schedule " + name + " already exists.");
            }
            Instant now = clock.instant();
            String arn = arns.schedule(group, name);
            created = new StoredSchedule(group, name, arn, spec, now, now, clientToken,
                    definitions.create(group, name, arn, spec, now));
            schedules.put(key(group, name), created);
        }
        onChange.run();
        return created;
    }

    StoredSchedule update(String group, String name, ObjectNode spec) {
        StoredSchedule updated;
        synchronized (this) {
            StoredSchedule existing = schedule(group, name);
            Instant now = clock.instant();
            updated = new StoredSchedule(group, name, existing.arn(), spec, existing.created(), now,
                    existing.clientToken(), definitions.create(group, name, existing.arn(), spec, now));
            schedules.put(key(group, name), updated);
        }
        onChange.run();
        return updated;
    }

    synchronized StoredSchedule schedule(String group, String name) {
        group(group);
        StoredSchedule s = schedules.get(key(group, name));
        if (s == null) throw ApiException.notFound("Schedule " + name + " does not exist.");
        return s;
    }

    void delete(String group, String name) {
        synchronized (this) {
            schedule(group, name);
            schedules.remove(key(group, name));
        }
        onChange.run();
    }

    /** Schedules after {@code afterKey} (exclusive; null = from the start) that match, in key order. */
    synchronized List<StoredSchedule> list(String afterKey, Predicate<StoredSchedule> filter) {
        Map<String, StoredSchedule> tail = afterKey == null ? schedules : schedules.tailMap(afterKey, false);
        List<StoredSchedule> out = new ArrayList<>();
        for (StoredSchedule s : tail.values()) {
            if (filter.test(s)) out.add(s);
        }
        return out;
    }

    // ---- ScheduleSource

    @Override
    public synchronized Collection<ScheduleDefinition> schedules() {
        List<ScheduleDefinition> out = new ArrayList<>(schedules.size());
        for (StoredSchedule s : schedules.values()) out.add(s.definition());
        return out;
    }

    @Override
    public void completed(ScheduleDefinition definition) {
        synchronized (this) {
            String key = key(definition.group(), definition.name());
            StoredSchedule s = schedules.get(key);
            if (s == null || !s.definition().equals(definition)) return; // changed meanwhile: keep it
            schedules.remove(key);
        }
        onChange.run();
    }
}
