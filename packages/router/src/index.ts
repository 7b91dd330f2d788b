// Placeholder: the facade's exports are written in issue 15's router slice.
export { Link } from 'react-router';
