DATETIME_FORMAT = "D j b Y, H:i"  # lun 27 oct 2031, 10:00
MONTH_DAY_FORMAT = "j b"
