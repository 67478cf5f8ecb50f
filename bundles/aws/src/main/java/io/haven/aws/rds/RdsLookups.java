package io.haven.aws.rds;

import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;

/** Whether RDS names are taken or exist, for recovery checks that must create nothing. */
public final class RdsLookups {

    private RdsLookups() {
    }

    public static boolean instanceExists(RdsClient rds, String identifier) {
        try {
            return !rds.describeDBInstances(b -> b.dbInstanceIdentifier(identifier)).dbInstances().isEmpty();
        } catch (DbInstanceNotFoundException e) {
            return false;
        }
    }

    public static boolean clusterExists(RdsClient rds, String identifier) {
        try {
            return !rds.describeDBClusters(b -> b.dbClusterIdentifier(identifier)).dbClusters().isEmpty();
        } catch (DbClusterNotFoundException e) {
            return false;
        }
    }

    public static boolean subnetGroupExists(RdsClient rds, String name) {
        try {
            return !rds.describeDBSubnetGroups(b -> b.dbSubnetGroupName(name)).dbSubnetGroups().isEmpty();
        } catch (DbSubnetGroupNotFoundException e) {
            return false;
        }
    }

    public static boolean parameterGroupExists(RdsClient rds, String name) {
        try {
            return !rds.describeDBParameterGroups(b -> b.dbParameterGroupName(name)).dbParameterGroups().isEmpty();
        } catch (DbParameterGroupNotFoundException e) {
            return false;
        }
    }

    public static boolean clusterParameterGroupExists(RdsClient rds, String name) {
        try {
            return !rds.describeDBClusterParameterGroups(b -> b.dbClusterParameterGroupName(name))
                    .dbClusterParameterGroups().isEmpty();
        } catch (DbParameterGroupNotFoundException e) {
            return false;
        }
    }
}
