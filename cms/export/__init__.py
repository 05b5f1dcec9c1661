"""The CMS's published content as plain data: what each model declares it exports, and one
kommun's site gathered from those declarations. The build (`cms.sitebuild`) renders it; the
whole-site search (`cms.search`) indexes it; neither imports the other."""
