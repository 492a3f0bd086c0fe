package dev.cantila.bench; public final class SmsBench { public static void main(String[] a) {} }
