/** Haven's persistence: a {@link io.haven.store.Database} with versioned migrations, and repositories. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package io.haven.store;
