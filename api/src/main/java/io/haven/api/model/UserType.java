package io.haven.api.model;

/**
 * The kinds of Haven users (guide 16.1).
 *
 * <ul>
 *   <li>{@link #ROOT}: the one administrator; manages every user, and has a world of its own.</li>
 *   <li>{@link #INDEPENDENT}: a separate world (its own accounts, schedules, policies, backups, recoveries and
 *       alerts); it manages the managed users assigned to it.</li>
 *   <li>{@link #MANAGED}: a world of its own that its manager (root or an independent user) sees and acts in.</li>
 *   <li>{@link #DELEGATE}: no world of its own; signs in with its own credentials and acts in the world of the user
 *       it is a delegate of, with that delegation's permissions (guide 16.4) (since 1.7).</li>
 * </ul>
 */
public enum UserType {
    ROOT, INDEPENDENT, MANAGED, DELEGATE
}
