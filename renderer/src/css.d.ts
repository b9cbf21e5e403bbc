/** Stylesheets are bundled by Vite; importing one only adds its rules to the page. */
declare module '*.css';
