/**
 * The notifier SPI: plugins that push alerts and the daily summary to where people look (webhooks, SNS, e-mail).
 * Core decides what is sent, to whom, when, and retries; a notifier only delivers.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.haven.api.notify;
