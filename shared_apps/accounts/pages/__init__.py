"""The pages for people that accounts owns: setting a new owner's password from the mailed
link (on the platform's domain), and the page every page shows when a throttle refuses."""
