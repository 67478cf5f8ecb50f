package io.haven.testing.faults;

/** What the proxy does to one call instead of passing it through. */
public enum Fault {
    /** Answered without reaching moto: the service's throttling error (the request was not executed). */
    THROTTLE,
    /** Answered without reaching moto: a 500 (the request was not executed). */
    ERROR,
    /** Forwarded to moto, which executes it, then answered with a 500: the client never learns that it worked. */
    LOST
}
