package io.haven.target.ec2;

/**
 * EC2's platform field names only Windows; everything else is Linux/UNIX. Compare the string: EC2
 * answers {@code windows} while the SDK's {@code PlatformValues.WINDOWS} is {@code Windows}, so
 * {@code platform()} comes back as UNKNOWN_TO_SDK_VERSION for real Windows instances.
 */
final class Platforms {

    static final String WINDOWS = "windows";
    static final String LINUX = "linux";

    private Platforms() {
    }

    static boolean isWindows(String platform) {
        return WINDOWS.equalsIgnoreCase(platform);
    }

    /** {@value #WINDOWS} or {@value #LINUX}. */
    static String of(String platform) {
        return isWindows(platform) ? WINDOWS : LINUX;
    }
}
