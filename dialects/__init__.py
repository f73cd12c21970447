"""Other tracking services' APIs (EasyPost, Tracktry, Packy, PackageX): thin translations onto the services."""
