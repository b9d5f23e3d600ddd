"""The revised decision document with its changes marked as tracked changes in Word."""
