@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.12.0")
package io.haven.api.model;
