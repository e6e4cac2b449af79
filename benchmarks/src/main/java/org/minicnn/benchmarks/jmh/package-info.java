/**
 * JMH benchmarks of the same workloads, built only with {@code -P jmh}:
 * {@code mvn -B -P jmh -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar}.
 */
package org.minicnn.benchmarks.jmh;
