package io.haven.core.limits;

import io.haven.api.target.CloudContext;
import io.haven.api.target.LimitCategory;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetType;
import io.haven.core.FakeTargetType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake type with resources of given sizes, counting toward a given limit category as a plugin declares it. A
 * resource of size -1 exists but does not report its size.
 */
class SizedFakeType extends FakeTargetType {

    private final String id;
    private final LimitCategory category;
    /** Resource id to size in GiB (-1: not reported). */
    final Map<String, Long> sizes = new ConcurrentHashMap<>();
    final AtomicInteger finds = new AtomicInteger();
    final AtomicInteger discovers = new AtomicInteger();

    SizedFakeType(String id, LimitCategory category) {
        this.id = id;
        this.category = category;
    }

    SizedFakeType with(String resourceId, long sizeGiB) {
        sizes.put(resourceId, sizeGiB);
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Resource> discover(CloudContext ctx) {
        discovers.incrementAndGet();
        List<Resource> all = new ArrayList<>();
        sizes.forEach((resourceId, size) -> all.add(resource(ctx.region(), resourceId, size)));
        return all;
    }

    @Override
    public Optional<Resource> find(CloudContext ctx, String resourceId) {
        finds.incrementAndGet();
        Long size = sizes.get(resourceId);
        return size == null ? Optional.empty() : Optional.of(resource(ctx.region(), resourceId, size));
    }

    private Resource resource(String region, String resourceId, long size) {
        return new Resource(id, resourceId, region, resourceId, Map.of(),
                size < 0 ? Map.of() : Map.of("sizeGiB", String.valueOf(size)));
    }

    @Override
    public Optional<LimitCategory> limitCategory() {
        return Optional.ofNullable(category);
    }

    @Override
    public OptionalLong limitUse(Resource resource) {
        if (category == null) {
            return super.limitUse(resource);
        }
        if (!category.inGiB()) {
            return OptionalLong.of(1);
        }
        String size = resource.attributes().get("sizeGiB");
        return size == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(size));
    }
}
