"""What every layer uses: the package's errors, values read as people type them, money to the penny, output kinds, memoising."""
