package io.haven.recovery.ec2;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 CIDR block such as {@code 10.0.1.0/24}: whether it holds an address, and which of its
 * addresses AWS keeps for itself (the first four and the last of every subnet).
 */
record Cidr(long network, int prefix) {

    private static final Pattern ADDRESS = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final int RESERVED_AT_START = 4;

    static Optional<Cidr> parse(String block) {
        if (block == null) {
            return Optional.empty();
        }
        int slash = block.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Optional<Long> address = address(block.substring(0, slash));
        int prefix;
        try {
            prefix = Integer.parseInt(block.substring(slash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (address.isEmpty() || prefix < 0 || prefix > 32) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(address.get() & mask(prefix), prefix));
    }

    /** The address as an unsigned 32-bit number, or empty when it is not a dotted IPv4 address. */
    static Optional<Long> address(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var matcher = ADDRESS.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long value = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(matcher.group(i));
            if (octet > 255) {
                return Optional.empty();
            }
            value = (value << 8) | octet;
        }
        return Optional.of(value);
    }

    boolean contains(long address) {
        return (address & mask(prefix)) == network;
    }

    /** Whether AWS reserves this address of the block: network address, router, DNS, future use, broadcast. */
    boolean reserved(long address) {
        long last = network + size() - 1;
        return contains(address) && (address < network + RESERVED_AT_START || address == last);
    }

    private long size() {
        return 1L << (32 - prefix);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }
}
