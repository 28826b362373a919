package dev.duet.db.model;

public enum Status { DRAFT, LIVE, RETIRED }
