"""
Counters and one-time form stamps shared by every worker and machine (the platform's rate
limits). The rows live in the shared database, or in Redis when ``REDIS_URL`` is set.
"""
