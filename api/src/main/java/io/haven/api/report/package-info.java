/** Reports (guide 15.6-15.9): CSV downloads whose rows core reads from the store while they are written. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.haven.api.report;
