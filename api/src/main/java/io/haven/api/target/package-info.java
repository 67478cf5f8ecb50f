@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.9.0")
package io.haven.api.target;
