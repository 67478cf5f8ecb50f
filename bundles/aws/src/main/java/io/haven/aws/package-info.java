/**
 * Haven's AWS client factory: identities (static keys, default chain, assume-role), ready
 * {@link io.haven.api.target.CloudContext}s and an account check.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.haven.aws;
