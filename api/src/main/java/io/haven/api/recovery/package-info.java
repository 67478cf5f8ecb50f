/**
 * The recovery SPI: plugins that turn a backup's artifacts back into AWS resources.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package io.haven.api.recovery;
